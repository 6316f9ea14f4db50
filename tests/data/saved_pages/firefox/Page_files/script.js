var saved = true;
