"""Storage backends beside the embedded default (:mod:`casework.store`).

:mod:`casework.stores.postgres` keeps a book in a PostgreSQL schema, for a city or a province
whose offices write one record at once. It needs the ``postgres`` extra
(``pip install 'casework[postgres]'``).
"""
