# The core part hashes the text (content_hash) with common/digest. This file is included before
# enrich_core is defined, so the link is deferred to the end of this directory.
cmake_language(DEFER CALL target_link_libraries enrich_core PUBLIC digest)
