/**
 * The AWS CDK app that deploys one Global Cache environment, one construct per concern.
 *
 * <p>Order of work: {@link wis2.gc.infra.GlobalCacheApp} reads the environment's
 * {@link wis2.gc.infra.GcConfig} and checks the built programs are there
 * ({@link wis2.gc.infra.AssetPaths}); {@link wis2.gc.infra.GlobalCacheStack} composes the constructs
 * in dependency order: {@link wis2.gc.infra.Network}, {@link wis2.gc.infra.WorkQueue} (SQS FIFO),
 * {@link wis2.gc.infra.CacheState} (Redis), {@link wis2.gc.infra.ObjectStore} (S3 and CloudFront),
 * {@link wis2.gc.infra.Broker} (EMQX), {@link wis2.gc.infra.Listeners},
 * {@link wis2.gc.infra.Manager}, {@link wis2.gc.infra.MetricsApi} and
 * {@link wis2.gc.infra.Observability}; cdk-nag checks the result, each accepted finding
 * acknowledged with its reason ({@link wis2.gc.infra.Nag}).
 */
package wis2.gc.infra;
