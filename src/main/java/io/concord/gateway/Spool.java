package io.concord.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where feed content received over a transport (HTTP push, HTTP poll) is written before it is processed, so a
 * feed is never held in memory and every submission is a file like any other. A file lands at
 * {@code <spool>/<first 16 hex digits of its SHA-256>/<name>}: the same content arriving twice lands on the same
 * path, and the run's submission ids (feed + content hash) make sure it is processed once.
 */
public final class Spool {

    private final Path dir;

    public Spool(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Copies {@code in} to the spool under {@code name} (made safe as a file name) and returns where it is. */
    public Path save(InputStream in, String name) throws IOException {
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, "receiving-", ".part");
        MessageDigest sha = sha256();
        try (InputStream digesting = new DigestInputStream(in, sha);
             OutputStream out = Files.newOutputStream(part)) {
            digesting.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Path target = dir.resolve(HexFormat.of().formatHex(sha.digest()).substring(0, 16)).resolve(safe(name));
        Files.createDirectories(target.getParent());
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** A file name with anything but letters, digits, '.', '_' and '-' replaced; never empty or a dot name. */
    static String safe(String name) {
        String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "feed" + s : s;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
