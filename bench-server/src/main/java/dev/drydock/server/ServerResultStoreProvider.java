package dev.drydock.server;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Secret;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import java.net.URI;
import java.util.Optional;

/** {@code store: {provider: server, url: http://HOST:PORT, token: ${DRYDOCK_TOKEN}}}: results go to a results server. */
public final class ServerResultStoreProvider implements ResultStoreProvider {
    public static final String NAME = "server";
    public static final String TOKEN_VARIABLE = "DRYDOCK_TOKEN";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ServerStoreConfig> configType() {
        return ServerStoreConfig.class;
    }

    @Override
    public ResultStore create(ProviderConfig config, ProviderContext context) {
        ServerStoreConfig settings = config.bind(ServerStoreConfig.class);
        Secret token = settings.token()
                .or(() -> Optional.ofNullable(context.environment().get(TOKEN_VARIABLE)).filter(v -> !v.isBlank()).map(Secret::of))
                .orElseThrow(() -> new DrydockException(ErrorCode.CONFIGURATION, "the server store needs a submit token: set "
                        + TOKEN_VARIABLE + " or store.token (make one with: drydock token create NAME --database URL)"));
        context.registerSecret(token.reveal());
        URI url;
        try {
            url = URI.create(settings.url());
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("not http or https");
            }
        } catch (IllegalArgumentException e) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "store.url must be the server's http(s) address, not " + settings.url());
        }
        return new ServerResultStore(new ResultsClient(url, Optional.of(token), settings.timeout()),
                context.baseDirectory().resolve(settings.spool()).toAbsolutePath().normalize(), settings.patience());
    }
}
