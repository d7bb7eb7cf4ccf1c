package dev.lossforge.service.db;

import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** JSON for jsonb columns, with the application's mapper. */
@Component
public class Json {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    public <T> T read(String json, Class<T> type) {
        return json == null ? null : mapper.readValue(json, type);
    }

    public <T> T read(String json, TypeReference<T> type) {
        return json == null ? null : mapper.readValue(json, type);
    }

    public Map<String, Object> readObject(String json) {
        return json == null ? Map.of() : mapper.readValue(json, OBJECT);
    }

    public <T> List<T> readList(String json, Class<T> element) {
        if (json == null) {
            return List.of();
        }
        return mapper.readValue(json, mapper.getTypeFactory().constructCollectionType(List.class, element));
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
