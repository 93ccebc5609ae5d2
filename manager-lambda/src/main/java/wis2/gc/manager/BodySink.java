package wis2.gc.manager;

/** Sees every body byte as it arrives (to compute digests in the same pass as the download). */
interface BodySink {
    void update(byte[] buffer, int offset, int length);
}
