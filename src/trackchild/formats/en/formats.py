"""Dates in English as India writes them: day first. Django's `en` formats are American (11/05/2026 would be
read here as 11 May), and the Hindi pages and the upload templates already write DD-MM-YYYY."""

SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y P"
