// A shared library without SLUICE_JOB's entry point.
extern "C" int not_a_job_entry() { return 7; }
