package dev.lossforge.service.mainjob;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser MainJobIT reads the README's tour with: it must read the shell as a shell would. */
class ReadmeTourTest {

    private static final String SECTION = """
            Start it:

            ```
            mvn -B -DskipTests package && java -jar discovery-service/target/discovery-service.jar &
            curl -s localhost:8080/actuator/health
            ```

            Launch:

            ```
            curl -s -X POST localhost:8080/api/campaigns -H 'Content-Type: application/json' -d '{
              "name": "its",
              "code": "a\\nb"
            }'
            curl -N localhost:8080/api/campaigns/1/events
            curl -s 'localhost:8080/api/campaigns/1/leaderboard?limit=10&offset=0'
            curl -s localhost:8080/actuator/prometheus | grep '^lossforge_'
            curl -s "localhost:8080/api/candidates/1" \\
                -H "X-Quote: \\"q\\""
            ```
            """;

    @Test
    void readsTheLaunchAndEachCurlRequestAsAShellWould() {
        ReadmeTour tour = ReadmeTour.parse(SECTION);

        assertThat(tour.launch().build()).containsExactly("mvn", "-B", "-DskipTests", "package");
        assertThat(tour.launch().jar()).isEqualTo("discovery-service/target/discovery-service.jar");
        assertThat(tour.requests()).extracting(r -> r.curl().key()).containsExactly(
                "GET /actuator/health", "POST /api/campaigns", "GET /api/campaigns/1/events",
                "GET /api/campaigns/1/leaderboard", "GET /actuator/prometheus", "GET /api/candidates/1");

        CurlRequest post = tour.requests().get(1).curl();
        // the quoted body spans lines and keeps them; \n inside single quotes stays two characters
        assertThat(post.body()).isEqualTo("{\n  \"name\": \"its\",\n  \"code\": \"a\\nb\"\n}");
        assertThat(post.headers()).containsEntry("Content-Type", "application/json");
        assertThat(post.address()).isEqualTo("localhost:8080");
        assertThat(tour.requests().get(2).curl().stream()).isTrue();
        assertThat(tour.requests().get(3).curl().path()).isEqualTo("/api/campaigns/1/leaderboard?limit=10&offset=0");
        assertThat(tour.requests().get(4).grep().pattern()).isEqualTo("^lossforge_");
        // a line continuation, and escapes inside double quotes
        assertThat(tour.requests().get(5).curl().headers()).containsEntry("X-Quote", "\"q\"");
    }

    @Test
    void theReadmeItselfHasATourThisParserReads() {
        ReadmeTour tour = ReadmeTour.load(Path.of("..", "README.md"));

        assertThat(tour.launch().jar()).isEqualTo("discovery-service/target/discovery-service.jar");
        assertThat(tour.requests()).isNotEmpty();
    }

    @Test
    void refusesWhatItWouldNotRunAsAShellDoes() {
        assertThatThrownBy(() -> ReadmeTour.parse("```\njava -jar x.jar &\ncurl -s -u me localhost:8080/\n```\n"))
                .hasMessageContaining("curl option -u");
        assertThatThrownBy(() -> ReadmeTour.parse("```\njava -jar x.jar &\ncurl -s localhost:8080/ > out\n```\n"))
                .hasMessageContaining("'>'");
        assertThatThrownBy(() -> ReadmeTour.parse("```\njava -jar x.jar &\ncurl -s localhost:$PORT/\n```\n"))
                .hasMessageContaining("'$'");
        assertThatThrownBy(() -> ReadmeTour.parse("```\njava -jar x.jar\ncurl -s localhost:8080/\n```\n"))
                .hasMessageContaining("java -jar JAR &");
    }
}
