# Shared settings for every Astralis target: warnings and precompiled headers.

function(astralis_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local)
    if(ASTRALIS_USE_PCH)
        get_target_property(_type ${target} TYPE)
        # One PCH per layer; executables and tests reuse the layer's PCH where they can.
        if(ARGN)
            target_precompile_headers(${target} REUSE_FROM ${ARGN})
        endif()
    endif()
endfunction()
