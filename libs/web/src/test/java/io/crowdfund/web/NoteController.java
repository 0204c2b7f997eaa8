package io.crowdfund.web;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/** Text from every part of a request (body, path, query, header), for the control-character rules. */
@RestController
class NoteController {

    record Line(String text) {
    }

    record Note(@NotBlank String title, String description, List<Line> lines) {
    }

    @PostMapping("/notes")
    Map<String, Object> create(@Valid @RequestBody Note note, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return Map.of("note", note, "key", String.valueOf(key));
    }

    @GetMapping("/notes/{name}")
    Map<String, String> find(@PathVariable String name, @RequestParam(required = false) String tag) {
        return Map.of("name", name, "tag", String.valueOf(tag));
    }
}
