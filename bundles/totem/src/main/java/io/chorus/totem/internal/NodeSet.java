package io.chorus.totem.internal;

import java.util.Arrays;

/**
 * A list of nodeids with set semantics, in the order nodes were discovered (that is how joins carry them;
 * receivers compare them as sets). Small: rings have at most a few hundred members.
 */
final class NodeSet {

    private int[] ids = new int[8];
    private int size;

    NodeSet() {
    }

    static NodeSet of(int... nodeIds) {
        NodeSet set = new NodeSet();
        set.addAll(nodeIds);
        return set;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int get(int index) {
        return ids[index];
    }

    boolean contains(int nodeId) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == nodeId) {
                return true;
            }
        }
        return false;
    }

    void add(int nodeId) {
        if (!contains(nodeId)) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = nodeId;
        }
    }

    void addAll(int[] nodeIds) {
        for (int id : nodeIds) {
            add(id);
        }
    }

    void addAll(NodeSet other) {
        for (int i = 0; i < other.size; i++) {
            add(other.ids[i]);
        }
    }

    void clear() {
        size = 0;
    }

    void setTo(NodeSet other) {
        clear();
        addAll(other);
    }

    void setTo(int[] nodeIds) {
        clear();
        addAll(nodeIds);
    }

    /** Every id of {@code nodeIds} is in this set. */
    boolean containsAll(int[] nodeIds) {
        for (int id : nodeIds) {
            if (!contains(id)) {
                return false;
            }
        }
        return true;
    }

    boolean sameAs(int[] nodeIds) {
        return nodeIds.length == size && containsAll(nodeIds);
    }

    /** The members of this set that are not in {@code other}, in this set's order. */
    NodeSet minus(NodeSet other) {
        NodeSet result = new NodeSet();
        for (int i = 0; i < size; i++) {
            if (!other.contains(ids[i])) {
                result.add(ids[i]);
            }
        }
        return result;
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }

    int[] toSortedArray() {
        int[] sorted = toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
