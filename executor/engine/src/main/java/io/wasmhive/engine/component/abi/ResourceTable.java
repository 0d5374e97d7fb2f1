package io.wasmhive.engine.component.abi;

import com.dylibso.chicory.runtime.TrapException;
import java.util.ArrayList;
import java.util.List;

/**
 * The handles one component instance holds: index 0 is never a handle, freed slots are reused,
 * and the number of live handles is bounded so a guest cannot grow the table without limit.
 */
public final class ResourceTable {

    /** What a host resource does when the guest drops its last owning handle. */
    public interface Droppable {
        void drop();
    }

    private record Entry(ResourceType type, Object rep, boolean own) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();
    private final int maxHandles;
    private int live;

    public ResourceTable(int maxHandles) {
        this.maxHandles = maxHandles;
        entries.add(null);
    }

    public int add(ResourceType type, Object rep, boolean own) {
        if (live >= maxHandles) {
            throw new TrapException("the function holds more than " + maxHandles + " resource handles");
        }
        live++;
        var entry = new Entry(type, rep, own);
        if (!free.isEmpty()) {
            int index = free.removeLast();
            entries.set(index, entry);
            return index;
        }
        entries.add(entry);
        return entries.size() - 1;
    }

    /** The representation behind a handle the guest lends to a call. */
    public Object borrow(int handle, ResourceType type) {
        return get(handle, type).rep;
    }

    /** Takes ownership away from the guest: the handle is gone afterwards. */
    public Object take(int handle, ResourceType type) {
        var entry = get(handle, type);
        if (!entry.own) {
            throw new TrapException("handle " + handle + " is borrowed, not owned");
        }
        remove(handle);
        return entry.rep;
    }

    /** Removes a handle the guest drops, running the host resource's drop when it owned it. */
    public void drop(int handle, ResourceType type) {
        var entry = get(handle, type);
        remove(handle);
        if (entry.own && entry.rep instanceof Droppable droppable) {
            droppable.drop();
        }
    }

    private void remove(int handle) {
        entries.set(handle, null);
        free.add(handle);
        live--;
    }

    private Entry get(int handle, ResourceType type) {
        Entry entry = handle > 0 && handle < entries.size() ? entries.get(handle) : null;
        if (entry == null) {
            throw new TrapException("unknown handle " + Integer.toUnsignedString(handle));
        }
        if (!entry.type.name().equals(type.name())) {
            throw new TrapException("handle " + handle + " is a " + entry.type + ", not a " + type);
        }
        return entry;
    }
}
