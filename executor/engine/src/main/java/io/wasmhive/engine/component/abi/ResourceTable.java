package io.wasmhive.engine.component.abi;

import com.dylibso.chicory.runtime.TrapException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The handles one component instance holds: index 0 is never a handle, freed slots are reused,
 * and the number of live handles is bounded so a guest cannot grow the table without limit.
 */
public final class ResourceTable {

    /** What a host resource does when the guest drops its last owning handle. */
    public interface Droppable {
        void drop();
    }

    private static final class Entry {
        final ResourceType type;
        final Object rep;
        final boolean own;
        /** Calls in progress that were lent this handle as a {@code borrow}. */
        int lends;

        Entry(ResourceType type, Object rep, boolean own) {
            this.type = type;
            this.rep = rep;
            this.own = own;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();
    /** The handles lent to the calls in progress, innermost call last. */
    private final List<Entry> lent = new ArrayList<>();
    /**
     * The destructors of the component's own resource types, by type: the types outlive a request
     * (they are resolved once), the core functions are this request's.
     */
    private final Map<ResourceType, IntConsumer> destructors = new IdentityHashMap<>();
    private final int maxHandles;
    private int live;

    public ResourceTable(int maxHandles) {
        this.maxHandles = maxHandles;
        entries.add(null);
    }

    /** What runs when an owning handle of {@code type}, a resource the component defines, is dropped. */
    public void destructor(ResourceType type, IntConsumer destructor) {
        destructors.put(type, destructor);
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

    /** The representation behind a handle, for {@code canon resource.rep}. */
    public Object rep(int handle, ResourceType type) {
        return get(handle, type).rep;
    }

    /**
     * The representation behind a handle the guest lends to a call as a {@code borrow}: until the
     * call ends ({@link #endLends}) the handle can be neither dropped nor given away, so the
     * resource outlives the borrow.
     */
    public Object lend(int handle, ResourceType type) {
        var entry = get(handle, type);
        entry.lends++;
        lent.add(entry);
        return entry.rep;
    }

    /** Where the lends of a call about to start begin, for {@link #endLends}. */
    public int lendMark() {
        return lent.size();
    }

    /** The call that began at {@code mark} has returned: the handles lent to it are free again. */
    public void endLends(int mark) {
        while (lent.size() > mark) {
            lent.removeLast().lends--;
        }
    }

    /** Takes ownership away from the guest: the handle is gone afterwards. */
    public Object take(int handle, ResourceType type) {
        var entry = get(handle, type);
        if (!entry.own) {
            throw new TrapException("handle " + handle + " is borrowed, not owned");
        }
        checkNotLent(handle, entry);
        remove(handle);
        return entry.rep;
    }

    /**
     * Removes a handle the guest drops. Dropping an owning handle ends the resource: a host
     * resource is released, a resource of the component's own has its destructor called with its
     * representation.
     */
    public void drop(int handle, ResourceType type) {
        var entry = get(handle, type);
        checkNotLent(handle, entry);
        remove(handle);
        if (!entry.own) {
            return;
        }
        if (entry.rep instanceof Droppable droppable) {
            droppable.drop();
        } else if (destructors.get(entry.type) instanceof IntConsumer destructor) {
            destructor.accept((Integer) entry.rep);
        }
    }

    private static void checkNotLent(int handle, Entry entry) {
        if (entry.lends > 0) {
            throw new TrapException("handle " + handle + " is lent to a call that has not returned");
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
