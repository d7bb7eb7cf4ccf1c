package dev.lossforge.service.mainjob;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A curl command line of the README as the HTTP request curl would send. Only the options the
 * tour uses are known ({@code -s}, {@code -N}, {@code -X}, {@code -H}, {@code -d}, {@code -O},
 * {@code -J}, and short ones run together as in {@code -sOJ}); any other is an error, so a new one
 * in the README gets a meaning here before the test passes again.
 *
 * @param method  GET, or POST when there is data, or what {@code -X} says
 * @param address host:port as written (localhost:8080)
 * @param path    path and query as written
 * @param stream  {@code -N}: a stream read as it comes (server-sent events)
 * @param download {@code -OJ}: the body saved under the name the server gives (Content-Disposition)
 */
record CurlRequest(String command, String method, String address, String path, Map<String, String> headers,
                   String body, boolean stream, boolean download) {

    static CurlRequest parse(List<String> words) {
        if (!words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + words);
        }
        String method = null;
        String url = null;
        String body = null;
        boolean stream = false;
        boolean remoteName = false;
        boolean headerName = false;
        Map<String, String> headers = new LinkedHashMap<>();
        words = unbundled(words);
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s", "--silent" -> {
                }
                case "-N", "--no-buffer" -> stream = true;
                case "-O", "--remote-name" -> remoteName = true;
                case "-J", "--remote-header-name" -> headerName = true;
                case "-X", "--request" -> method = value(words, ++i, w);
                case "-H", "--header" -> {
                    String header = value(words, ++i, w);
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("not a header: " + header);
                    }
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                case "-d", "--data" -> {
                    body = value(words, ++i, w);
                    if (body.startsWith("@")) {
                        throw new IllegalArgumentException("curl -d @FILE is not supported here: " + body);
                    }
                }
                default -> {
                    if (w.startsWith("-")) {
                        throw new IllegalArgumentException("the tour uses curl option " + w
                                + ", which this test does not know: " + String.join(" ", words));
                    }
                    if (url != null) {
                        throw new IllegalArgumentException("two URLs in one curl command: " + words);
                    }
                    url = w;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("a curl command without a URL: " + words);
        }
        if (remoteName != headerName) {
            throw new IllegalArgumentException("the tour downloads with -OJ (the server's file name) only: " + words);
        }
        if (method == null) {
            method = body == null ? "GET" : "POST";
        }
        if (body != null) {
            // curl -d sends this unless the command names a Content-Type itself
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        }
        URI uri = URI.create(url.contains("://") ? url : "http://" + url);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new CurlRequest(String.join(" ", words), method, uri.getHost() + ":" + uri.getPort(), path,
                Map.copyOf(headers), body, stream, remoteName);
    }

    /** {@code -sOJ} as curl reads it: {@code -s -O -J} (options that take a value are never run together here). */
    private static List<String> unbundled(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.matches("-[A-Za-z]{2,}")) {
                for (char c : w.substring(1).toCharArray()) {
                    out.add("-" + c);
                }
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /** "POST /api/campaigns/1/pause": how the test names the request (no query). */
    String key() {
        int query = path.indexOf('?');
        return method + " " + (query < 0 ? path : path.substring(0, query));
    }

    private static String value(List<String> words, int i, String option) {
        if (i >= words.size()) {
            throw new IllegalArgumentException("curl " + option + " without its value");
        }
        return words.get(i);
    }
}
