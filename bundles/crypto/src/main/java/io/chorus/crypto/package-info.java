/**
 * Packet sealing between Chorus nodes, the cluster authkey and the crypto threads.
 *
 * <ul>
 *   <li>{@link io.chorus.crypto.AuthKey}: reading {@code totem.keyfile} or the default candidates, with
 *       Corosync 3's size rules and a permission check;</li>
 *   <li>{@link io.chorus.crypto.KeyGenerator} and {@link io.chorus.crypto.KeygenTool}: {@code keygen}, for the
 *       command line ({@code chorus keygen}) and the console ({@code chorus:keygen});</li>
 *   <li>{@link io.chorus.crypto.PacketProtection}: {@code none()}, {@code of(cipher, hash, key)},
 *       {@code forTotem(secauth, cipher, hash, key)} — encrypt-then-MAC, AES-CTR + HMAC, per-packet salt;</li>
 *   <li>{@link io.chorus.crypto.OrderedCryptoPipeline}: {@code threads: N} without reordering.</li>
 * </ul>
 *
 * Bouncy Castle's lightweight API derives the keys (HKDF) and generates authkeys; no JCA provider is registered
 * (a second BC provider in Karaf breaks its sshd). The per-packet AES and HMAC are the JDK's own provider's,
 * for its AES-NI/SHA-NI intrinsics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.crypto;
