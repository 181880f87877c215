// Imports pocketsphinx's decoder API (allphone and grammar searches, segment iteration) and the
// sphinxbase pieces it needs (command-line configs, logging) into Swift.
#pragma once
#include <pocketsphinx.h>
#include <sphinxbase/cmd_ln.h>
#include <sphinxbase/err.h>
