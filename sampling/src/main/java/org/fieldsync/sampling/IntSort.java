package org.fieldsync.sampling;

/** Stable merge sort of an int array segment with a primitive comparator: no boxing for frames of millions of EAs. */
final class IntSort {
    /** Compares two ints (frame indices). */
    interface IntComparator {
        int compare(int a, int b);
    }

    private IntSort() {
    }

    /** Sorts {@code a[from, to)} stably. */
    static void sort(int[] a, int from, int to, IntComparator c) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        int[] buf = new int[n];
        mergeSort(a, from, to, buf, c);
    }

    private static void mergeSort(int[] a, int from, int to, int[] buf, IntComparator c) {
        int n = to - from;
        if (n <= 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && c.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, from, mid, buf, c);
        mergeSort(a, mid, to, buf, c);
        if (c.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        int len = mid - from;
        System.arraycopy(a, from, buf, 0, len);
        int i = 0;
        int j = mid;
        int k = from;
        while (i < len && j < to) {
            if (c.compare(a[j], buf[i]) < 0) {
                a[k++] = a[j++];
            } else {
                a[k++] = buf[i++];
            }
        }
        while (i < len) {
            a[k++] = buf[i++];
        }
    }
}
