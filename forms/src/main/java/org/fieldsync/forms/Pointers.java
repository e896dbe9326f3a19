package org.fieldsync.forms;

import java.util.Comparator;

/** Orders JSON pointers token by token, comparing array indexes as numbers ({@code /roster/2} before {@code /roster/10}). */
final class Pointers {
    static final Comparator<String> COMPARATOR = Pointers::compare;

    private Pointers() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int endA = end(a, i + 1);
            int endB = end(b, j + 1);
            int result = compareToken(a.substring(i + 1, endA), b.substring(j + 1, endB));
            if (result != 0) {
                return result;
            }
            i = endA;
            j = endB;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int end(String pointer, int from) {
        int slash = pointer.indexOf('/', from);
        return slash < 0 ? pointer.length() : slash;
    }

    private static int compareToken(String a, String b) {
        boolean numberA = isIndex(a);
        boolean numberB = isIndex(b);
        if (numberA && numberB) {
            int byLength = Integer.compare(a.length(), b.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    private static boolean isIndex(String token) {
        if (token.isEmpty() || token.length() > 1 && token.charAt(0) == '0') {
            return false;
        }
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
