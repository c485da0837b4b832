package io.concord.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where feed content received over a transport (HTTP push, HTTP poll) is written before it is processed, so a
 * feed is never held in memory and every submission is a file like any other. A polled file lands at
 * {@code <spool>/<first 16 hex digits of its SHA-256>/<name>}: the same content arriving twice lands on the same
 * path, and the run's submission ids (feed + content hash) make sure it is processed once. An HTTP upload is
 * written as it streams in to a folder of its own, {@code <spool>/<token>/<name>} ({@link #reserve}).
 *
 * <p>Whatever is in a spool when the gateway starts belongs to a transfer the last run did not finish (a killed
 * upload or poll: its sender got no answer and sends again), so the gateway empties it ({@link #clear}).
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

    /**
     * A new, empty folder {@code <spool>/<token>/} for one upload and the path of {@code name} (made safe) in it; the
     * caller writes the file.
     */
    public Path reserve(String token, String name) throws IOException {
        if (!token.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("not a spool token: " + token);
        }
        Path folder = dir.resolve(token);
        Files.createDirectories(dir);
        Files.createDirectory(folder);
        return folder.resolve(safe(name));
    }

    /** Deletes the folder {@link #reserve} made for {@code token}, with what is in it, if it is still there. */
    public void release(String token) throws IOException {
        deleteTree(dir.resolve(token));
    }

    /** Deletes everything under {@code dir} (the folder stays); returns how many files there were. */
    public static int clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int files = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                files += deleteTree(p);
            }
        }
        return files;
    }

    private static int deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int files = 0;
        try (Stream<Path> s = Files.walk(root)) { // does not follow links: a link is deleted, not its target
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                files += Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0 : 1;
                Files.delete(p);
            }
        }
        return files;
    }

    /** A file name with anything but letters, digits, '.', '_' and '-' replaced; never empty or a dot name. */
    public static String safe(String name) {
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
