package io.concord.feed;

import java.nio.file.Path;

/**
 * One received file: a submission.
 *
 * @param path          where it is read from
 * @param name          file name as received (used in lineage and locations)
 * @param feedId        the feed format it is parsed as
 * @param submissionId  stable id of the submission: the feed id and the start of the content's SHA-256
 * @param sha256        hex SHA-256 of the content
 * @param bytes         size in bytes
 */
public record SourceFile(Path path, String name, String feedId, String submissionId, String sha256, long bytes) {
}
