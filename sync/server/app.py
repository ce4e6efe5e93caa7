"""The head-office HTTP service. Stateless: every request reads and writes PostgreSQL, so
several workers can run behind a load balancer. Today it answers health checks and serves its
OpenAPI schema; the sync endpoints come with the sync issue."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from posapp import __version__
from sync.protocol import PROTOCOL_VERSION


class Health(BaseModel):
    status: str
    version: str
    protocol: int
    database: str


def create_app(engine: Engine) -> FastAPI:
    app = FastAPI(title="posapp head office", version=__version__)

    @app.get("/health", response_model=Health)
    def health() -> Health:
        """Up, and the database answers: what a load balancer and a monitor ask."""
        try:
            with engine.connect() as connection:
                server = connection.execute(text("SHOW server_version")).scalar_one()
        except SQLAlchemyError as error:
            raise HTTPException(status_code=503, detail=f"database unreachable: {error}") from None
        return Health(
            status="ok",
            version=__version__,
            protocol=PROTOCOL_VERSION,
            database=f"PostgreSQL {server}",
        )

    return app
