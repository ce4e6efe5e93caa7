"""What every import file shares: its problems, named by row (as a spreadsheet numbers it: the
header is row 1), column, value and reason; the refusal that carries all of them, because
nothing is written while any row has one; and the progress a long import reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from posapp.domain.errors import DomainError

Progress = Callable[[str, int, int], None]  # stage ("checking", "writing"), rows done, in all


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column} {self.value!r}: {self.reason}"


class ImportRefused(DomainError):
    """The file has problems; nothing was imported."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s), nothing imported: {shown}{more}")
        self.problems = list(problems)


def column_problems(
    columns: Sequence[str], known: Sequence[str], key: str, what: str
) -> list[RowProblem]:
    """Columns the file may not have, and the key column it must have, as row-1 problems."""
    problems = [
        RowProblem(1, column, column, f"is not a {what} column ({', '.join(known)})")
        for column in columns
        if column not in known
    ]
    if key not in columns:
        problems.append(RowProblem(1, key, "", f"the file needs a {key} column"))
    for column in sorted({c for c in columns if columns.count(c) > 1}):
        problems.append(
            RowProblem(1, column, column, "names two columns; which one counts would be a guess")
        )
    return problems
