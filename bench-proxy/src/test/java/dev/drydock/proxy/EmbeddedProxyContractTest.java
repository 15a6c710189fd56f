package dev.drydock.proxy;

import dev.drydock.spi.LlmProxy;
import dev.drydock.testkit.LlmProxyContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

class EmbeddedProxyContractTest extends LlmProxyContract {
    @Override
    protected LlmProxy openProxy(String upstreamBaseUrl, String upstreamKey) {
        return Proxies.open(Proxies.upstreams(upstreamBaseUrl, upstreamKey), Path.of("."), Map.of(), Optional.empty());
    }
}
