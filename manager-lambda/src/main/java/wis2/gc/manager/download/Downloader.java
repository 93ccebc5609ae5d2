package wis2.gc.manager.download;

import java.net.URI;
import java.util.function.Supplier;
import wis2.gc.manager.Deadline;

/** Fetches a source object, streaming it through a {@link BodySink} while it is stored aside. */
public interface Downloader {
    /**
     * Downloads {@code uri}, every wait and read ending by {@code budget}. Each attempt gets a
     * fresh sink from {@code sinks}, so a retried download never mixes bytes of two attempts; the
     * sink of the successful attempt is returned.
     *
     * @throws SourceRefusedException when the URL (or a redirect) points where the cache does not go
     * @throws ObjectTooLargeException when the body is larger than {@code maxBytes}
     * @throws TransientSourceException for a transient failure whose retries were spent or did not fit the budget
     * @throws OwnNetworkException when the cache's own network, not the source, is failing
     * @throws DownloadFailedException for a permanent failure, or a source still sending when the budget ran out
     */
    <S extends BodySink> Downloaded<S> download(URI uri, long maxBytes, Supplier<S> sinks, Deadline budget);

    /** A successful download: the bytes and the sink that saw them. The caller closes it. */
    record Downloaded<S extends BodySink>(Payload payload, S sink) implements AutoCloseable {
        @Override
        public void close() {
            payload.close();
        }
    }
}
