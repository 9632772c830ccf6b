# Shared settings for every Astralis target.

function(astralis_target_defaults target)
    # Warnings are fixed, not silenced (STYLE.md).
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local)
endfunction()
