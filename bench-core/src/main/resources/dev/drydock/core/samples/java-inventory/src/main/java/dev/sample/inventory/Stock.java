package dev.sample.inventory;

import java.util.Map;
import java.util.TreeMap;

/** Stock levels by item, never negative. */
public final class Stock {
    private final Map<String, Integer> levels = new TreeMap<>();

    public void receive(String item, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        levels.merge(item, quantity, Integer::sum);
    }

    /** Takes up to {@code quantity} units and returns how many were taken. */
    public int take(String item, int quantity) {
        int available = levels.getOrDefault(item, 0);
        int taken = Math.min(available, Math.max(quantity, 0));
        if (available - taken == 0) {
            levels.remove(item);
        } else {
            levels.put(item, available - taken);
        }
        return taken;
    }

    public int level(String item) {
        return levels.getOrDefault(item, 0);
    }

    public boolean needsReorder(String item, int threshold) {
        return level(item) < threshold;
    }
}
