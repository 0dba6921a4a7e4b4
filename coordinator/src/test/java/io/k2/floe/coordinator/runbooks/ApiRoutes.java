package io.k2.floe.coordinator.runbooks;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The coordinator's REST API as its JAX-RS resources declare it: every resource class of the API package (found on the
 * class path) and each of its methods with an HTTP method annotation, as method plus path template.
 */
final class ApiRoutes {

    /** One endpoint, e.g. {@code POST /api/tables/{table}/repair}. */
    record Route(String method, List<String> segments) {

        /** Whether a concrete call matches: literal segments equal; a template segment takes any value. */
        boolean matches(String callMethod, List<String> callSegments) {
            if (!method.equals(callMethod) || segments.size() != callSegments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String template = segments.get(i);
                String actual = callSegments.get(i);
                boolean parameter = template.startsWith("{");
                boolean variable = actual.startsWith("$") || actual.startsWith("<");
                if (parameter ? actual.isEmpty() : variable || !template.equals(actual)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return method + " /" + String.join("/", segments);
        }
    }

    private final List<Route> routes;

    private ApiRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    static ApiRoutes of(String apiPackage) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : classesOf(apiPackage)) {
            Path base = type.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                routes.add(new Route(http, segments(base.value() + (sub == null ? "" : "/" + sub.value()))));
            }
        }
        return new ApiRoutes(routes);
    }

    List<Route> all() {
        return routes;
    }

    boolean exists(String method, String path) {
        List<String> call = segments(path);
        return routes.stream().anyMatch(route -> route.matches(method, call));
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The classes of a package in every class-path folder that has it (main classes and test classes alike). */
    private static List<Class<?>> classesOf(String packageName) {
        String folder = packageName.replace('.', '/');
        List<Class<?>> classes = new ArrayList<>();
        try {
            for (URL url : java.util.Collections.list(ApiRoutes.class.getClassLoader().getResources(folder))) {
                if (!"file".equals(url.getProtocol())) {
                    continue;
                }
                try (Stream<java.nio.file.Path> files = Files.list(java.nio.file.Path.of(url.toURI()))) {
                    for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                        String name = file.getFileName().toString();
                        classes.add(Class.forName(packageName + "." + name.substring(0, name.length() - ".class".length()),
                                false, ApiRoutes.class.getClassLoader()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes of package " + packageName + " on the class path");
        }
        return classes;
    }
}
