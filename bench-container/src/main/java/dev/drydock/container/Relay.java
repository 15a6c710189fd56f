package dev.drydock.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards connections from containers to one of drydock's own services on the host's loopback
 * (the LLM proxy): it listens on the gateway address of drydock's internal network, the one host
 * address containers on that network reach, and never on a public interface.
 */
final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "drydock-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    Relay(InetAddress listen, InetSocketAddress target) throws IOException {
        this.server = new ServerSocket(0, 128, listen);
        this.target = target;
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.debug("relay accept failed: {}", e.toString());
                }
            }
        }
    }

    private void connect(Socket client) {
        try (client; Socket upstream = new Socket()) {
            open.add(client);
            open.add(upstream);
            upstream.connect(target, 5_000);
            threads.execute(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            log.debug("relay connection to {} failed: {}", target, e.toString());
        } finally {
            open.remove(client);
            open.removeIf(Socket::isClosed);
        }
    }

    /** Copies until {@code from} ends, then half-closes {@code to} so the other direction can finish. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException closed) {
            // one side went away; closing the pair ends the other direction
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(Relay::closeQuietly);
        threads.shutdownNow();
    }
}
