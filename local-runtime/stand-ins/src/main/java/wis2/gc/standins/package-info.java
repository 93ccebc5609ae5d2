/**
 * Embedded servers that speak the real protocols of the cloud services, on 127.0.0.1, for the
 * one-machine runtime and the tests: SQS ({@link wis2.gc.standins.EmbeddedSqs}, ElasticMQ), S3
 * ({@link wis2.gc.standins.EmbeddedS3}, S3Proxy), Redis ({@link wis2.gc.standins.EmbeddedRedis}),
 * MQTT ({@link wis2.gc.standins.EmbeddedBroker}, HiveMQ CE) and the Global Replay service
 * ({@link wis2.gc.standins.EmbeddedReplay}).
 *
 * <p>Order of work: a caller starts a stand-in, builds its clients with what
 * {@link wis2.gc.standins.StandIns} gives (host, region, static credentials, so nothing looks
 * for the cloud), and closes the stand-in at the end. The broker takes
 * {@link wis2.gc.standins.BrokerOptions}; a secured one checks each connection and each publish
 * and subscribe through the {@link wis2.gc.standins.AclExtension}, which evaluates the shipped EMQX
 * ACL ({@link wis2.gc.standins.AclFile}, read by {@link wis2.gc.standins.ErlangTerms}, matched by
 * {@link wis2.gc.standins.TopicFilters}); {@link wis2.gc.standins.TestCertificates} makes its TLS
 * material. Failures are {@link wis2.gc.standins.StandInException}s. The stand-in for Lambda
 * itself is in {@link wis2.gc.standins.lambda}.
 */
package wis2.gc.standins;
