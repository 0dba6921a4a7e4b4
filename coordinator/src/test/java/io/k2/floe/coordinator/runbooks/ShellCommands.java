package io.k2.floe.coordinator.runbooks;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell commands in a Markdown document's fenced code blocks, split the way a shell would split them well enough
 * to name the program and its arguments: continuation lines joined, comments dropped, pipelines and lists
 * ({@code |}, {@code &&}, {@code ||}, {@code ;}) split into their commands, words unquoted. Variables and command
 * substitutions stay as written ({@code $FLOE_API}, {@code "$(deploy/local/env)"}).
 */
final class ShellCommands {

    /** One command: where it is, and its words. */
    record Command(String file, int line, List<String> words, String text) {

        String where() {
            return file + ":" + line + ": " + text;
        }
    }

    private ShellCommands() {
    }

    static List<Command> in(String file, String markdown) {
        List<Command> commands = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inBlock = false;
        StringBuilder logical = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
                logical.setLength(0);
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (logical.isEmpty()) {
                startLine = i + 1;
            }
            String content = line.strip();
            if (content.endsWith("\\")) {
                logical.append(content, 0, content.length() - 1).append(' ');
                continue;
            }
            logical.append(content);
            String text = logical.toString().strip();
            logical.setLength(0);
            for (List<String> words : split(text)) {
                if (!words.isEmpty()) {
                    commands.add(new Command(file, startLine, words, text));
                }
            }
        }
        return commands;
    }

    /** The commands of one logical line, each as its words; a {@code #} starting a word begins a comment. */
    static List<List<String>> split(String text) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int parens = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
                continue;
            }
            if (c == '(' && i > 0 && text.charAt(i - 1) == '$') {
                parens++;
            } else if (c == ')' && parens > 0) {
                parens--;
            }
            boolean separator = parens == 0 && (c == '|' || c == ';' || c == '&');
            if (Character.isWhitespace(c) || separator) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (separator && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                continue;
            }
            if (c == '#' && !inWord) {
                break;
            }
            word.append(c);
            inWord = true;
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
