package dev.lossforge.service.export;

import dev.lossforge.export.LossJarWriter;
import dev.lossforge.export.PythonExport;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Downloads: a candidate or a campaign's best as a loss JAR, a candidate as a PyTorch module. */
@RestController
class ExportController {

    /** The most losses one campaign JAR holds: each is compiled again for the download. */
    static final int MAX_TOP = 50;
    static final MediaType JAR = MediaType.parseMediaType("application/java-archive");

    private final CandidateRepository candidates;
    private final CampaignRepository campaigns;
    private final CandidateExports exports;

    ExportController(CandidateRepository candidates, CampaignRepository campaigns, CandidateExports exports) {
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.exports = exports;
    }

    @Operation(summary = "A candidate as a loss JAR",
            description = "The compiled class in a package of its own, its source, a META-INF/services entry for "
                    + "dev.lossforge.loss.PreferenceLoss and META-INF/lossforge/candidate.json (name, hypothesis, code "
                    + "hash, metrics per task and seed, campaign, time). The trainer takes it as --loss FILE.jar.")
    @GetMapping("/api/candidates/{id}/export.jar")
    ResponseEntity<byte[]> candidateJar(@PathVariable long id) {
        Candidate c = candidates.find(id).orElseThrow(() -> new NotFoundException("candidate", id));
        return attachment(exports.jar(List.of(c), Instant.now()), JAR, LossJarWriter.fileName(c.name()));
    }

    @Operation(summary = "A campaign's best N candidates in one loss JAR, best first",
            description = "META-INF/services lists them in rank order and META-INF/lossforge/candidates.json holds "
                    + "each one's metadata with its rank. top is 1.." + MAX_TOP + " (default 5); a campaign with fewer "
                    + "evaluated candidates gives them all.")
    @GetMapping("/api/campaigns/{id}/export.jar")
    ResponseEntity<byte[]> campaignJar(@PathVariable long id, @RequestParam(defaultValue = "5") int top) {
        if (top < 1 || top > MAX_TOP) {
            throw new InvalidRequestException("top", "top must be 1.." + MAX_TOP + ", got " + top);
        }
        campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        List<Candidate> best = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        for (Candidate c : candidates.best(id, top)) {
            // the same source twice would be the same class twice; keep the better-ranked one
            if (sources.add(c.code())) {
                best.add(c);
            }
        }
        if (best.isEmpty()) {
            throw new ConflictException("campaign " + id + " has no evaluated candidate yet: nothing to export");
        }
        // named by what was asked, so that a script knows the file's name before it has it
        return attachment(exports.jar(best, Instant.now()), JAR,
                "lossforge-campaign-" + id + "-top" + top + ".jar");
    }

    @Operation(summary = "A candidate as a PyTorch function with DiscoPOP's signature",
            description = "For the built-in losses and candidates whose proposer renders them (evolution); 422 for "
                    + "any other code, which is not translated (its Java is in the JAR export).")
    @GetMapping("/api/candidates/{id}/export.py")
    ResponseEntity<byte[]> candidatePython(@PathVariable long id) {
        Candidate c = candidates.find(id).orElseThrow(() -> new NotFoundException("candidate", id));
        PythonExport python = exports.python(c);
        String file = LossJarWriter.fileName(c.name()).replaceAll("\\.jar$", "").replace('-', '_') + ".py";
        return attachment(python.python().getBytes(StandardCharsets.UTF_8),
                MediaType.parseMediaType(PythonExport.MEDIA_TYPE), file);
    }

    private static ResponseEntity<byte[]> attachment(byte[] body, MediaType type, String fileName) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.setContentDisposition(ContentDisposition.attachment().filename(fileName).build());
        headers.setContentLength(body.length);
        return ResponseEntity.ok().headers(headers).body(body);
    }
}
