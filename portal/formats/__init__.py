"""Date and time formats per language (FORMAT_MODULE_PATH).

Dates are written day first and times on the 24-hour clock in every language,
as UNESCO writes them ("29 November 2026, 22:53"), not Django's US English
default ("Nov. 29, 2026, 10:53 p.m."). French "1er" for the first day of a
month cannot be said in a format string: foundation's ``date`` filter adds it.
"""
