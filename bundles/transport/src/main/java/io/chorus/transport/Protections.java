package io.chorus.transport;

import io.chorus.config.TotemSettings;
import io.chorus.crypto.AuthKey;
import io.chorus.crypto.AuthKeyException;
import io.chorus.crypto.PacketProtection;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packet protection a node's {@code totem { }} section asks for: {@code secauth}, {@code crypto_cipher} and
 * {@code crypto_hash}, with the authkey from {@code keyfile} or the default places (services.md §1.9). No key is
 * read when nothing is sealed, as Corosync reads none with {@code secauth: off}.
 */
public final class Protections {

    private Protections() {
    }

    /**
     * @param env  the environment ({@code COROSYNC_TOTEM_AUTHKEY_FILE})
     * @param home the distribution's home, whose {@code etc/authkey} is the last default place
     * @throws TransportException naming the key file and the reason when a key is needed and cannot be used
     */
    public static PacketProtection fromConfig(TotemSettings totem, Map<String, String> env, Path home)
            throws TransportException {
        boolean secauth = totem.secauth();
        String cipher = totem.cryptoCipher();
        String hash = totem.cryptoHash();
        if (!PacketProtection.needsKey(secauth, cipher, hash)) {
            return PacketProtection.none();
        }
        String keyfile = totem.keyfile();
        AuthKey key;
        try {
            key = AuthKey.load(keyfile == null || keyfile.isBlank() ? null : Path.of(keyfile),
                    AuthKey.defaultCandidates(env, home));
        } catch (AuthKeyException e) {
            throw new TransportException(e.getMessage() + " (secauth/crypto_* need an authkey: create one with "
                    + "'chorus keygen -k FILE' and copy it to every node)");
        }
        try {
            return PacketProtection.forTotem(secauth, cipher, hash, key);
        } catch (IllegalArgumentException e) {
            throw new TransportException(e.getMessage());
        }
    }
}
