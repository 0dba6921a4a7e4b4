/**
 * GraalVM substitutions that cut code paths of optional libraries Floe does not ship out of the native executables.
 * Quarkus builds with {@code --link-at-build-time}: every class a reachable method references must be on the class
 * path. Iceberg's S3 support and the AWS SDK reference two optional libraries — the S3 Analytics Accelerator
 * (Iceberg's {@code s3.analytics-accelerator.enabled}, off by default) and the AWS Common Runtime (the CRT S3 client
 * and CRT checksums) — that Floe leaves out. The substituted methods do what the libraries do with the feature off, or throw
 * where the JVM would fail with a {@code NoClassDefFoundError}; Floe never enables either feature. The JVM never
 * loads these classes (only the native builder reads {@code @TargetClass}).
 */
package io.k2.floe.tiering.nativeimage;
