package io.concord.gateway.routes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Which inbox entries are ever read, and which names count as still being written. */
class InboxEntriesTest {

    @TempDir
    Path dir;

    @Test
    void onlyARegularFileWithOneLinkIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("feed.csv"), "a,b\n");
        assertThat(InboxRoutes.notRegular(file)).isEmpty();

        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), file);
        assertThat(InboxRoutes.notRegular(link)).get().asString().startsWith("a symbolic link (to " + file + ")");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), dir.resolve("nowhere"));
        assertThat(InboxRoutes.notRegular(dangling)).get().asString().startsWith("a symbolic link");
        Path toDir = Files.createSymbolicLink(dir.resolve("etc.csv"), Path.of("/etc"));
        assertThat(InboxRoutes.notRegular(toDir)).get().asString().startsWith("a symbolic link");

        Path hard = Files.createLink(dir.resolve("hard.csv"), file);
        assertThat(InboxRoutes.notRegular(hard)).get().asString().contains("2 hard links");
        assertThat(InboxRoutes.notRegular(file)).get().asString().contains("2 hard links");
        Files.delete(hard);
        assertThat(InboxRoutes.notRegular(file)).isEmpty();

        Path fifo = dir.resolve("pipe.csv");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(InboxRoutes.notRegular(fifo)).get().asString().contains("FIFO");
        assertThat(InboxRoutes.notRegular(Files.createDirectory(dir.resolve("sub.csv")))).hasValue("a folder");
    }

    @Test
    void temporaryNamesAreNeverTaken() {
        Pattern temporary = Pattern.compile(InboxRoutes.TEMPORARY);
        for (String name : List.of(".feed.csv", ".staging", "feed.csv.part", "feed.csv.tmp", "feed.xml.partial",
                "feed.xml.filepart", "feed.csv~")) {
            assertThat(temporary.matcher(name).matches()).as(name).isTrue();
        }
        for (String name : List.of("feed.csv", "posrpt-2026-11-20.xml", "part.csv", "tmp-feed.csv", "feed.csv.ready")) {
            assertThat(temporary.matcher(name).matches()).as(name).isFalse();
        }
    }
}
