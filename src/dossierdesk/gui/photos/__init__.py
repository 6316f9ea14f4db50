"""The Photos view: a lazy thumbnail grid over the photos of the current search, the photo
viewer it opens, dragging a photo onto an article image, and the thumbnail cache.

``browser.PhotoBrowser`` wires it into the main window; the modules import nothing heavy at
package import (the reader imports ``photos.mime``).
"""
