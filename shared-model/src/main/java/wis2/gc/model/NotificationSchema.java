package wis2.gc.model;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The WNM JSON schema (packaged copy, see SCHEMA-ORIGIN.md beside it), built once per class
 * loader: a built {@link Schema} is immutable and safe to share between threads.
 */
final class NotificationSchema {

    private static final String RESOURCE = "wis2-notification-message-bundled.json";
    private static final Schema SCHEMA = load();

    private NotificationSchema() {
    }

    private static Schema load() {
        try (InputStream in = NotificationSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + RESOURCE + " is missing from the jar");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + RESOURCE, e);
        }
    }

    /** The violations of {@code message}, empty when it conforms. */
    static List<Error> validate(JsonNode message) {
        return SCHEMA.validate(message);
    }
}
