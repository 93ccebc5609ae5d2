/**
 * TLS trust for the programs' own clients: {@link wis2.gc.tls.PemTrust} reads a CA file (PEM, one
 * certificate or a bundle) into a socket factory that trusts those certificates only, and
 * {@link wis2.gc.tls.InvalidCaFileException} says what is wrong with a file it cannot use. The
 * caller names the variable the path came from.
 */
package wis2.gc.tls;
