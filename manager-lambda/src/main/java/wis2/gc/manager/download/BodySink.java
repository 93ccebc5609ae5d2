package wis2.gc.manager.download;

/** Sees every body byte as it arrives (to compute digests in the same pass as the download). */
public interface BodySink {
    void update(byte[] buffer, int offset, int length);
}
