package wis2.gc.local;

/** A plain HTTP answer of the small routes (metrics, health): status, content type, body. */
record HttpAnswer(int status, String contentType, byte[] body) {
    HttpAnswer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        body = body == null ? new byte[0] : body;
    }
}
