# Figures ask the date scanner which spans are dates ("15-7-2020", "năm 2020", "10 năm") so
# that no part of a date is reported as a figure, and share its lexer helpers.
target_link_libraries(enrich_figures PUBLIC enrich_dates m)
