package wis2.gc.manager;

import java.net.URI;
import java.util.function.Supplier;

/** Fetches a source object, streaming it through a {@link BodySink} while it is stored aside. */
interface Downloader {
    /**
     * Downloads {@code uri}. Each attempt gets a fresh sink from {@code sinks}, so a retried
     * download never mixes bytes of two attempts; the sink of the successful attempt is returned.
     *
     * @throws SourceRefusedException when the URL (or a redirect) points where the cache does not go
     * @throws ObjectTooLargeException when the body is larger than {@code maxBytes}
     * @throws DownloadFailedException for any other failure once retries are spent
     */
    <S extends BodySink> Downloaded<S> download(URI uri, long maxBytes, Supplier<S> sinks);

    /** A successful download: the bytes and the sink that saw them. The caller closes it. */
    record Downloaded<S extends BodySink>(Payload payload, S sink) implements AutoCloseable {
        @Override
        public void close() {
            payload.close();
        }
    }
}
