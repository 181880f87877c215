// Imports libsndfile (WAV, FLAC, OGG/Vorbis, ... read and write) into Swift.
#pragma once
#include <sndfile.h>
