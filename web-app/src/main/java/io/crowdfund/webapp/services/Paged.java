package io.crowdfund.webapp.services;

import java.util.List;

/** A page of a service's list: {@code {"content": [...], "page": {size, number, totalElements, totalPages}}}. */
public record Paged<T>(List<T> content, PageInfo page) {

    public record PageInfo(int size, int number, long totalElements, int totalPages) {
    }

    public boolean hasPrevious() {
        return page.number() > 0;
    }

    public boolean hasNext() {
        return page.number() + 1 < page.totalPages();
    }

    public boolean isEmpty() {
        return content.isEmpty();
    }
}
