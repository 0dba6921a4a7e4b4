package io.k2.floe.coordinator.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A run with every task it holds, in the order the run created them per table. */
@Schema(name = "RunDetail")
public record RunDetail(RunView run, List<TaskView> tasks) {
}
