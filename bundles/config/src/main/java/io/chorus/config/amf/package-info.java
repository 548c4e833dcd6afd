/**
 * amf.conf in both historic grammars (services.md 2.5) read into one model: grammar A ({@code groups.conf}:
 * group/unit/component/protection) and grammar B (SA Forum B.02: {@code safAmfCluster = NAME { ... }}).
 * Both use the main file's tokenizer with '=' as separator, so CRLF and whitespace-only lines are accepted.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.config.amf;
