package dev.drydock.derrick;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Derrick binds a fixed port, so at most one Derrick runs on a host: this lock makes drydock's
 * workspaces queue for it, within this JVM (a semaphore) and across processes (a lock file).
 */
final class HostLock {
    private static final Semaphore IN_THIS_JVM = new Semaphore(1, true);

    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HostLock acquire(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!IN_THIS_JVM.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(port, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while waiting for the Derrick port", e);
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "drydock-derrick-" + port + ".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new HostLock(channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw busy(port, timeout);
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            IN_THIS_JVM.release();
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            IN_THIS_JVM.release();
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while waiting for the Derrick port", e);
        } catch (DrydockException e) {
            IN_THIS_JVM.release();
            throw e;
        }
    }

    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        } finally {
            IN_THIS_JVM.release();
        }
    }

    private static DrydockException busy(int port, Duration timeout) {
        return new DrydockException(ErrorCode.WORKSPACE, "waited " + timeout + " for port " + port
                + ": another drydock workspace on this host holds Derrick's port (Derrick runs one at a time)");
    }
}
