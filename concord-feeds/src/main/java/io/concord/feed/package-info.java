/**
 * The feed SPI and registry. A new feed format is one package {@code io.concord.feed.<format>} whose only public
 * type is its {@link io.concord.feed.FeedParser} (public, with a public no-argument constructor, listed in
 * {@code META-INF/services/io.concord.feed.FeedParser}); its bindings and helpers are package-private
 * ({@code ArchitectureTest.FEED_SPI}).
 *
 * <p>What a format implements and yields: {@link io.concord.feed.FeedParser}, reading a
 * {@link io.concord.feed.SourceFile} into a {@link io.concord.feed.RecordStream} of
 * {@link io.concord.feed.FeedItem}s: {@link io.concord.feed.SourcePosition},
 * {@link io.concord.feed.SourceCollateral}, {@link io.concord.feed.SourceSensitivity} (with their
 * {@link io.concord.feed.Attr}ibutes) or {@link io.concord.feed.RecordFailure}. The registry is
 * {@link io.concord.feed.FeedFormats}. The readers a format may build on ({@code CsvTable}, {@code CsvStream},
 * {@code PullStream}, {@code XmlRecordStream}, {@code XmlInput}, {@code XmlSchemas}, {@code Fields}) are public
 * here only because Java has no sub-package visibility.
 */
package io.concord.feed;
