"""The rule users write jobs with: a shared library that sluice-submit loads."""

def sluice_job(name, srcs, deps = [], visibility = None):
    """Builds `<name>.so`, a job library for `sluice-submit`.

    The library holds only the user's code and the header-only parts of the API (//driver/api:headers) and of
    the runtime's operators, which are templates over the user's functions and so are instantiated here
    (//runtime:headers). Everything else resolves against the process that loads it (sluice-submit or
    sluice-worker), so no code is present twice.
    """
    native.cc_binary(
        name = name + ".so",
        srcs = srcs,
        linkshared = True,
        linkstatic = False,
        deps = deps + [
            "//driver/api:headers",
            "//runtime:headers",
        ],
        visibility = visibility,
    )
