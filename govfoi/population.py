"""The population a rate per head is computed with: the division each report or group stands for (a province,
a city, or the report's own place) and its population, joined from the table the user gives.
"""

from __future__ import annotations

import polars as pl

from govfoi.codes import MUNICIPALITIES
from govfoi.corpus.frames import Corpus


def population_code(by: list[str] | None) -> pl.Expr:
    """The division a row's population belongs to: the report's place, or the group's province/city/county."""
    code = pl.col("division_code")
    if by == ["province"]:
        return code.str.slice(0, 2) + "0000"
    if by == ["city"]:
        return (
            pl.when(code.str.slice(0, 2).is_in(MUNICIPALITIES))
            .then(code.str.slice(0, 2) + "0000")
            .otherwise(code.str.slice(0, 4) + "00")
        )
    return code


def codes_of_groups(corpus: Corpus, keys: list[str]) -> pl.DataFrame:
    """One division code per province / city / county group, for the population join."""
    return (
        corpus.reports.filter(pl.col("division_code").is_not_null())
        .select(*keys, population_code(keys).alias("division_code"))
        .unique(keys, keep="first")
    )


def join_population(data: pl.DataFrame, population: pl.DataFrame) -> pl.DataFrame:
    """Population of each row's division (by year when the table has a year column)."""
    missing = {"division_code", "population"} - set(population.columns)
    if missing:
        raise ValueError(f"population needs columns division_code and population; missing {', '.join(sorted(missing))}")
    if "division_code" not in data.columns:
        return data.with_columns(pl.lit(None, pl.Float64).alias("population"))
    pop = population.select(
        pl.col("division_code").cast(pl.String).str.zfill(6),
        pl.col("population").cast(pl.Float64),
        *([pl.col("year").cast(pl.Int32)] if "year" in population.columns else []),
    )
    on = ["division_code", "year"] if "year" in pop.columns else ["division_code"]
    return data.join(pop.unique(on, keep="first"), on=on, how="left", maintain_order="left")
