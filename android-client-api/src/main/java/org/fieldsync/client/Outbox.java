package org.fieldsync.client;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tablet's durable outbox: it keeps every sealed envelope until the server's receipt for it has been verified,
 * and keeps the receipts so the app can show what was accepted.
 *
 * <p><b>Durability.</b> Every file is written as a temporary file ({@code .tmp-*}) that is fsynced, renamed
 * atomically to its final name, and followed by an fsync of the directory. A file under its final name is therefore
 * always complete: an envelope is never half-visible. If the process is killed at any point, {@link #open(File)}
 * deletes leftover temporary files and finishes an interrupted {@link #markReceipt} (receipt written, envelope not
 * yet deleted). A final file that cannot be read as what its name says (storage corruption) is moved to
 * {@code corrupt/} rather than deleted, and listed by {@link #corrupted()}.
 *
 * <p><b>Layout</b> under the directory: {@code pending/<seq>_<interviewId>_<revision>.envelope} (seq keeps the order
 * of {@link #put}), {@code receipts/<interviewId>_<revision>.receipt}, {@code corrupt/}, and {@code outbox.lock}.
 *
 * <p>One {@code Outbox} per directory: {@link #open(File)} takes an exclusive file lock. Methods are synchronised;
 * they do blocking file I/O, so call them off the UI thread.
 */
public final class Outbox implements Closeable {
    /** What {@link #put(Envelope)} did. */
    public enum PutResult {
        /** The envelope was written; it is durable when {@code put} returns. */
        ADDED,
        /** The same envelope (same bytes) was already pending. */
        ALREADY_PENDING,
        /** The same envelope was already delivered: its verified receipt is stored. */
        ALREADY_DELIVERED
    }

    private static final Pattern PENDING = Pattern.compile("(\\d{12})_([A-Za-z0-9-]{1,64})_(\\d{1,7})\\.envelope");
    private static final Pattern RECEIPT = Pattern.compile("([A-Za-z0-9-]{1,64})_(\\d{1,7})\\.receipt");
    private static final String TMP = ".tmp-";

    private final Path pendingDir;
    private final Path receiptsDir;
    private final Path corruptDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** key (interviewId_revision) to file name, for pending envelopes. */
    private final Map<String, String> pending = new HashMap<>();
    /** seq to key, for the order of pending envelopes. */
    private final TreeMap<Long, String> order = new TreeMap<>();
    /** key to the envelope SHA-256 its stored receipt states. */
    private final Map<String, String> delivered = new HashMap<>();
    private final List<File> corrupted = new ArrayList<>();
    private long nextSeq = 1;
    private boolean closed;

    private Outbox(Path dir, FileChannel lockChannel, FileLock lock) {
        this.pendingDir = dir.resolve("pending");
        this.receiptsDir = dir.resolve("receipts");
        this.corruptDir = dir.resolve("corrupt");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the outbox in a directory and recovers from any interrupted write.
     *
     * @param directory the outbox directory, e.g. under {@code Context.getFilesDir()}
     * @return the open outbox
     * @throws OutboxException {@link OutboxException.Code#LOCKED} if another outbox has the directory open,
     *                         {@link OutboxException.Code#IO} if it cannot be created or read
     */
    public static Outbox open(File directory) {
        Path dir = directory.toPath();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("outbox.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new OutboxException(OutboxException.Code.LOCKED,
                        "the outbox " + directory + " is open elsewhere", null);
            }
            Outbox outbox = new Outbox(dir, channel, lock);
            outbox.recover(dir);
            return outbox;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new OutboxException(OutboxException.Code.IO, "cannot open the outbox " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void recover(Path dir) throws IOException {
        Files.createDirectories(pendingDir);
        Files.createDirectories(receiptsDir);
        Files.createDirectories(corruptDir);
        fsyncDirectory(dir);
        removeTemporaryFiles(pendingDir);
        removeTemporaryFiles(receiptsDir);

        for (String name : list(receiptsDir)) {
            Matcher m = RECEIPT.matcher(name);
            Path file = receiptsDir.resolve(name);
            Receipt r = null;
            if (m.matches()) {
                try {
                    r = Receipt.parse(Files.readAllBytes(file));
                } catch (IllegalArgumentException e) {
                    r = null;
                }
            }
            if (r == null || !key(r.interviewId(), r.revision()).equals(m.group(1) + "_" + m.group(2))) {
                quarantine(file);
                continue;
            }
            delivered.put(key(r.interviewId(), r.revision()), r.envelopeSha256());
        }

        long maxSeq = 0;
        for (String name : list(pendingDir)) {
            Matcher m = PENDING.matcher(name);
            Path file = pendingDir.resolve(name);
            Envelope e = null;
            if (m.matches()) {
                try {
                    e = Envelope.parse(Files.readAllBytes(file));
                } catch (SealingException ex) {
                    e = null;
                }
            }
            if (e == null || !e.header().interviewId().equals(m.group(2))
                    || !String.valueOf(e.header().revision()).equals(m.group(3))) {
                quarantine(file);
                continue;
            }
            long seq = Long.parseLong(m.group(1));
            maxSeq = Math.max(maxSeq, seq);
            String key = key(e.header().interviewId(), e.header().revision());
            String receiptSha = delivered.get(key);
            if (receiptSha != null && receiptSha.equals(e.sha256())) {
                // markReceipt stored the receipt but was stopped before deleting the envelope: finish it.
                Files.deleteIfExists(file);
                fsyncDirectory(pendingDir);
                continue;
            }
            String existing = pending.get(key);
            if (existing != null) {
                // Cannot come from put (it checks first); keep the older file and set the other aside.
                quarantine(file);
                continue;
            }
            pending.put(key, name);
            order.put(seq, key);
        }
        nextSeq = maxSeq + 1;
    }

    /**
     * Adds a sealed envelope. When this returns {@link PutResult#ADDED} the envelope is on disk and survives a crash.
     *
     * @param envelope the envelope
     * @return what was done; putting the same envelope again is harmless
     * @throws OutboxException {@link OutboxException.Code#CONFLICT} if another envelope with the same interview id and
     *                         revision is pending or delivered (a sealed envelope is never replaced),
     *                         {@link OutboxException.Code#IO} if it cannot be written
     */
    public synchronized PutResult put(Envelope envelope) {
        checkOpen();
        String key = key(envelope.header().interviewId(), envelope.header().revision());
        String existing = pending.get(key);
        if (existing != null) {
            if (readPending(existing).equals(envelope)) {
                return PutResult.ALREADY_PENDING;
            }
            throw conflict(envelope);
        }
        String sha = delivered.get(key);
        if (sha != null) {
            if (sha.equals(envelope.sha256())) {
                return PutResult.ALREADY_DELIVERED;
            }
            throw conflict(envelope);
        }
        long seq = nextSeq++;
        String name = String.format(java.util.Locale.ROOT, "%012d_%s_%d.envelope", seq, envelope.header().interviewId(),
                envelope.header().revision());
        writeAtomically(pendingDir, name, envelope.bytes());
        pending.put(key, name);
        order.put(seq, key);
        return PutResult.ADDED;
    }

    private OutboxException conflict(Envelope e) {
        return new OutboxException(OutboxException.Code.CONFLICT, "another envelope for interview "
                + e.header().interviewId() + " revision " + e.header().revision() + " is already in the outbox", null);
    }

    /**
     * @return the envelopes waiting for a receipt, oldest first
     * @throws OutboxException {@link OutboxException.Code#IO} if one cannot be read
     */
    public synchronized List<Envelope> pending() {
        checkOpen();
        List<Envelope> out = new ArrayList<>(order.size());
        for (String key : order.values()) {
            out.add(readPending(pending.get(key)));
        }
        return out;
    }

    /** An interview id and revision. */
    static final class Key {
        final String interviewId;
        final int revision;

        Key(String interviewId, int revision) {
            this.interviewId = interviewId;
            this.revision = revision;
        }
    }

    /** @return the keys of the pending envelopes, oldest first, to read them one at a time with {@link #find} */
    synchronized List<Key> pendingKeys() {
        checkOpen();
        List<Key> out = new ArrayList<>(order.size());
        for (String key : order.values()) {
            int sep = key.lastIndexOf('_');
            out.add(new Key(key.substring(0, sep), Integer.parseInt(key.substring(sep + 1))));
        }
        return out;
    }

    /** @return how many envelopes wait for a receipt */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * @param interviewId an interview id
     * @param revision    a revision
     * @return the pending envelope for them, or {@code null}
     */
    public synchronized Envelope find(String interviewId, int revision) {
        checkOpen();
        String name = pending.get(key(interviewId, revision));
        return name == null ? null : readPending(name);
    }

    /**
     * Records a receipt and forgets its envelope. The receipt is verified here again against the stored envelope
     * (server signature, interview id, revision, envelope SHA-256): an envelope leaves the outbox only for a receipt
     * that proves the server stored exactly these bytes.
     *
     * @param receipt    the receipt, as returned by {@link SyncClient#push} or {@link FieldsyncCrypto#verifyReceipt}
     * @param serverKeys the trusted server keys
     * @return the stored receipt
     * @throws SealingException if the receipt does not verify against the stored envelope (nothing is changed)
     * @throws OutboxException  {@link OutboxException.Code#NOT_FOUND} if no envelope is pending for it,
     *                          {@link OutboxException.Code#IO} if it cannot be written
     */
    public synchronized Receipt markReceipt(Receipt receipt, ServerKeyRing serverKeys) {
        checkOpen();
        String key = key(receipt.interviewId(), receipt.revision());
        String name = pending.get(key);
        if (name == null) {
            String sha = delivered.get(key);
            if (sha != null && sha.equals(receipt.envelopeSha256())) {
                return receipt(receipt.interviewId(), receipt.revision());
            }
            throw new OutboxException(OutboxException.Code.NOT_FOUND, "no pending envelope for interview "
                    + receipt.interviewId() + " revision " + receipt.revision(), null);
        }
        Envelope envelope = readPending(name);
        Receipt verified = FieldsyncCrypto.verifyReceipt(receipt.bytes(), envelope, serverKeys);
        writeAtomically(receiptsDir, key + ".receipt", verified.bytes());
        delivered.put(key, verified.envelopeSha256());
        try {
            Files.deleteIfExists(pendingDir.resolve(name));
            fsyncDirectory(pendingDir);
        } catch (IOException e) {
            throw new OutboxException(OutboxException.Code.IO, "cannot delete the delivered envelope " + name, e);
        } finally {
            pending.remove(key);
            order.values().remove(key);
        }
        return verified;
    }

    /**
     * @return every stored receipt, ordered by the time the server received the envelope
     * @throws OutboxException {@link OutboxException.Code#IO} if one cannot be read
     */
    public synchronized List<Receipt> receipts() {
        checkOpen();
        List<Receipt> out = new ArrayList<>(delivered.size());
        for (String key : delivered.keySet()) {
            out.add(readReceipt(key));
        }
        out.sort((a, b) -> a.receivedAt().compareTo(b.receivedAt()));
        return out;
    }

    /**
     * @param interviewId an interview id
     * @param revision    a revision
     * @return the stored receipt for them, or {@code null}
     */
    public synchronized Receipt receipt(String interviewId, int revision) {
        checkOpen();
        String key = key(interviewId, revision);
        return delivered.containsKey(key) ? readReceipt(key) : null;
    }

    /** @return the files set aside in {@code corrupt/} while opening (normally none); unmodifiable */
    public synchronized List<File> corrupted() {
        return Collections.unmodifiableList(new ArrayList<>(corrupted));
    }

    /** Releases the directory lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(lockChannel);
    }

    // ---------------------------------------------------------------- files

    private Envelope readPending(String name) {
        try {
            return Envelope.parse(Files.readAllBytes(pendingDir.resolve(name)));
        } catch (IOException e) {
            throw new OutboxException(OutboxException.Code.IO, "cannot read the pending envelope " + name, e);
        }
    }

    private Receipt readReceipt(String key) {
        try {
            return Receipt.parse(Files.readAllBytes(receiptsDir.resolve(key + ".receipt")));
        } catch (IOException | IllegalArgumentException e) {
            throw new OutboxException(OutboxException.Code.IO, "cannot read the receipt " + key, e);
        }
    }

    /** Temp file, fsync, atomic rename, fsync of the directory. */
    private static void writeAtomically(Path dir, String name, byte[] bytes) {
        Path tmp = dir.resolve(TMP + name);
        Path target = dir.resolve(name);
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next open removes it
            }
            throw new OutboxException(OutboxException.Code.IO, "cannot write " + target, e);
        }
    }

    /**
     * Makes a rename or deletion in a directory durable. Linux (and so Android) allows fsync on a directory opened
     * for reading; platforms that refuse it (Windows) do not need it for rename durability in the same way, so a
     * refusal is ignored.
     */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort, see above
        }
    }

    private static void removeTemporaryFiles(Path dir) throws IOException {
        boolean removed = false;
        for (String name : list(dir)) {
            if (name.startsWith(TMP)) {
                Files.deleteIfExists(dir.resolve(name));
                removed = true;
            }
        }
        if (removed) {
            fsyncDirectory(dir);
        }
    }

    private void quarantine(Path file) throws IOException {
        Path target = corruptDir.resolve(file.getFileName().toString());
        for (int i = 1; Files.exists(target); i++) {
            target = corruptDir.resolve(file.getFileName() + "." + i);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(corruptDir);
        fsyncDirectory(file.getParent());
        corrupted.add(target.toFile());
    }

    private static List<String> list(Path dir) {
        String[] names = dir.toFile().list();
        if (names == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>(names.length);
        Collections.addAll(out, names);
        Collections.sort(out);
        return out;
    }

    private static String key(String interviewId, int revision) {
        return interviewId + "_" + revision;
    }

    private void checkOpen() {
        if (closed) {
            throw new OutboxException(OutboxException.Code.CLOSED, "the outbox is closed", null);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
