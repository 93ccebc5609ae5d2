/**
 * How every program of the cache reads its configuration. The order of work at start-up:
 * {@link wis2.gc.config.GcEnv} parses the {@code GC_*} variables (only parsing: an unset value
 * stays empty), the program's config builder ({@code ManagerConfig.builder()} and the like) keeps
 * its defaults for what was left empty, and the config record's constructor checks every value,
 * naming the variable in a {@link wis2.gc.config.ConfigException} ("VARIABLE: problem. Found:
 * value", passwords masked). Tests and the one-machine runtime call the builders directly and get
 * the same checks. The variables themselves are listed once, in docs/operations.md
 * ("Configuration variables").
 */
package wis2.gc.config;
