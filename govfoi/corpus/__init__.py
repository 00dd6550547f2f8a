"""Many reports: inputs, batches and worker processes, the five frames (schema, frames), the panel across years,
and their atomic output.
"""
